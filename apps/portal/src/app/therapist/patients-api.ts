import { inject, Injectable } from '@angular/core';
import type {
  CreatePatientRequest,
  CreatePatientResponse,
  CreatePlanRequest,
  CreatePlanRevisionRequest,
  Page,
  Patient,
  PatientListItem,
  PatientListQuery,
  Plan,
  PlanRevision,
  StaffMember,
  PlanRevisionWithWarnings,
  PlanWithWarnings,
  TodayResponse,
  UpdatePatientRequest,
} from '@rehabit/contracts';
import type { PlanStatus } from '@rehabit/domain';
import type { Observable } from 'rxjs';
import { ApiClient } from '../core/http/api-client';
import { withoutErrorNotice } from '../core/http/request-context';

/** Patients, their plans and what is due today: the therapist area's view of the API. */
@Injectable({ providedIn: 'root' })
export class PatientsApi {
  private readonly api = inject(ApiClient);
  /** Form submits show failures beside their fields, not as a global notice. */
  private readonly quiet = { context: withoutErrorNotice() };

  list(query: PatientListQuery): Observable<Page<PatientListItem>> {
    return this.api.getPage<PatientListItem>('/patients', { ...query });
  }

  get(id: string): Observable<Patient> {
    return this.api.get<Patient>(`/patients/${encodeURIComponent(id)}`);
  }

  create(body: CreatePatientRequest): Observable<CreatePatientResponse> {
    return this.api.post<CreatePatientResponse>('/patients', body, this.quiet);
  }

  /**
   * `etag` is the patient's as last read: the API applies the change only if nobody changed the
   * record since (else 412), so one person's save never silently undoes another's.
   */
  update(id: string, body: UpdatePatientRequest, etag: string): Observable<Patient> {
    return this.api.patch<Patient>(`/patients/${encodeURIComponent(id)}`, body, {
      ...this.quiet,
      headers: { 'If-Match': etag },
    });
  }

  plans(patientId: string): Observable<Page<Plan>> {
    return this.api.getPage<Plan>(`/patients/${encodeURIComponent(patientId)}/plans`, {
      limit: 50,
    });
  }

  plan(planId: string): Observable<Plan> {
    return this.api.get<Plan>(`/plans/${encodeURIComponent(planId)}`);
  }

  revisions(planId: string): Observable<Page<PlanRevision>> {
    return this.api.getPage<PlanRevision>(`/plans/${encodeURIComponent(planId)}/revisions`, {
      limit: 50,
    });
  }

  createPlan(patientId: string, body: CreatePlanRequest): Observable<PlanWithWarnings> {
    return this.api.post<PlanWithWarnings>(
      `/patients/${encodeURIComponent(patientId)}/plans`,
      body,
      this.quiet,
    );
  }

  revisePlan(
    planId: string,
    body: CreatePlanRevisionRequest,
  ): Observable<PlanRevisionWithWarnings> {
    return this.api.post<PlanRevisionWithWarnings>(
      `/plans/${encodeURIComponent(planId)}/revisions`,
      body,
      this.quiet,
    );
  }

  /** `etag` is the plan's as last read; a plan changed since answers 412 (see `update`). */
  setPlanStatus(planId: string, status: PlanStatus, etag: string): Observable<Plan> {
    return this.api.patch<Plan>(
      `/plans/${encodeURIComponent(planId)}`,
      { status },
      { ...this.quiet, headers: { 'If-Match': etag } },
    );
  }

  /** The clinic's staff, to assign a therapist (GET /staff answers admins only). */
  staff(): Observable<Page<StaffMember>> {
    return this.api.getPage<StaffMember>('/staff', { limit: 200 });
  }

  today(patientId: string): Observable<TodayResponse> {
    return this.api.get<TodayResponse>(`/patients/${encodeURIComponent(patientId)}/today`);
  }
}
