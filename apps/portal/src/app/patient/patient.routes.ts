import { Routes } from '@angular/router';
import { AreaPlaceholder } from '../shared/area-placeholder';

export const PATIENT_ROUTES: Routes = [
  {
    path: '',
    title: 'My exercises',
    component: AreaPlaceholder,
    data: {
      heading: 'My exercises',
      intro:
        'This is where patients will follow the home exercise plan their physical therapist ' +
        'prescribes, on their phone.',
      planned: [
        "Today's exercises with clear instructions and dosage",
        'Logging a session in a few taps, with pain before and after',
        'Recording daily pain and answering questionnaires when they are due',
        'Seeing their own progress over time',
      ],
    },
  },
];
