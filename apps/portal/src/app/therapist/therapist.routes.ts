import { Routes } from '@angular/router';
import { AreaPlaceholder } from '../shared/area-placeholder';

export const THERAPIST_ROUTES: Routes = [
  {
    path: '',
    title: 'Therapist',
    component: AreaPlaceholder,
    data: {
      heading: 'Therapist workspace',
      intro:
        'This is where physical therapists will build and revise their patients’ home ' +
        'exercise plans and follow how each patient is doing.',
      planned: [
        'Plans built from the exercise library or a template, with dosage and frequency',
        'Plan revisions as the patient progresses',
        'Pain, adherence and outcome trends for each patient',
        'Clinic measures: straight-leg raise, active knee extension, sit-and-reach, ODI',
        'Alerts for pain spikes, missed sessions and red-flag answers',
      ],
    },
  },
];
