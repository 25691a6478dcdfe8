import { inject, Injectable } from '@angular/core';
import type { HttpResponse } from '@angular/common/http';
import type {
  AuditEventView,
  Clinic,
  ClinicDashboard,
  ReportRangeQuery,
  RtmReport,
  CreateStaffRequest,
  CreateStaffResponse,
  Page,
  StaffMember,
  UpdateClinicRequest,
  UpdateStaffRequest,
} from '@rehabit/contracts';
import type { Observable } from 'rxjs';
import { ApiClient } from '../core/http/api-client';
import { withoutErrorNotice } from '../core/http/request-context';

/** The clinic administrator's endpoints: staff, audit trail, clinic settings. */
@Injectable({ providedIn: 'root' })
export class ClinicApi {
  private readonly api = inject(ApiClient);
  private readonly quiet = { context: withoutErrorNotice() };

  staff(cursor?: string): Observable<Page<StaffMember>> {
    return this.api.getPage<StaffMember>('/staff', { limit: 100, cursor });
  }

  invite(body: CreateStaffRequest): Observable<CreateStaffResponse> {
    return this.api.post<CreateStaffResponse>('/staff', body, this.quiet);
  }

  updateStaff(id: string, body: UpdateStaffRequest): Observable<StaffMember> {
    return this.api.patch<StaffMember>(`/staff/${encodeURIComponent(id)}`, body, this.quiet);
  }

  audit(query: {
    patientId?: string;
    cursor?: string;
    limit?: number;
  }): Observable<Page<AuditEventView>> {
    return this.api.getPage<AuditEventView>('/clinic/audit', { limit: 50, ...query });
  }

  clinic(): Observable<Clinic> {
    return this.api.get<Clinic>('/clinic');
  }

  dashboard(query: ReportRangeQuery = {}): Observable<ClinicDashboard> {
    return this.api.get<ClinicDashboard>('/clinic/dashboard', { params: { ...query } });
  }

  rtm(month: string): Observable<RtmReport> {
    return this.api.get<RtmReport>('/clinic/reports/rtm', { params: { month } });
  }

  progressCsv(query: ReportRangeQuery = {}): Observable<HttpResponse<Blob>> {
    return this.api.download('/clinic/reports/progress.csv', { params: { ...query } });
  }

  updateClinic(body: UpdateClinicRequest): Observable<Clinic> {
    return this.api.patch<Clinic>('/clinic', body, this.quiet);
  }
}
