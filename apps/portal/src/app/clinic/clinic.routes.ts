import { Routes } from '@angular/router';
import { AreaPlaceholder } from '../shared/area-placeholder';

export const CLINIC_ROUTES: Routes = [
  {
    path: '',
    title: 'Clinic',
    component: AreaPlaceholder,
    data: {
      heading: 'Clinic administration',
      intro:
        'This is where clinic administrators will manage their clinic and review outcomes ' +
        'across all of its patients.',
      planned: [
        "Managing the clinic's therapists and patients",
        'An outcomes dashboard: adherence, pain change, clinically important change, caseloads',
        'CSV export of patient progress',
        'An audit trail of who looked at which patient record',
      ],
    },
  },
];
