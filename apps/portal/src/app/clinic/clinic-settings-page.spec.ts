import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { Clinic } from '@rehabit/contracts';
import { DEFAULT_THRESHOLDS } from '@rehabit/domain';
import { ClinicSettingsPage } from './clinic-settings-page';

const clinic: Clinic = {
  id: 'c',
  name: 'Riverside Physio',
  timezone: 'Europe/Berlin',
  settings: { thresholds: DEFAULT_THRESHOLDS },
  createdAt: '2026-11-25T08:00:00.000Z',
};

describe('ClinicSettingsPage', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [ClinicSettingsPage],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
  });

  async function opened() {
    const fixture = TestBed.createComponent(ClinicSettingsPage);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    const request = TestBed.inject(HttpTestingController).expectOne('/api/v1/clinic');
    return { fixture, root, request };
  }

  it('shows the form only once the clinic is loaded, filled with its settings', async () => {
    const { fixture, root, request } = await opened();
    // Nothing to type into yet: typing would be replaced by the loaded values.
    expect(root.querySelector('form')).toBeNull();
    expect(root.textContent).toContain('Loading…');
    request.flush(clinic);
    await fixture.whenStable();
    const name = root.querySelector<HTMLInputElement>('input[formcontrolname="name"]')!;
    expect(name.value).toBe('Riverside Physio');
    expect(root.textContent).not.toContain('Loading…');
  });

  it('says when the clinic could not be loaded, and shows no empty form', async () => {
    const { fixture, root, request } = await opened();
    request.flush(null, { status: 0, statusText: 'Unknown Error' });
    await fixture.whenStable();
    expect(root.querySelector('form')).toBeNull();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain("can't reach the server");
    expect(root.textContent).not.toContain('Loading…');
  });
});
