import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { HealthResponse } from '@rehabit/contracts';
import { shownNotice } from '../core/layout/notice.testing';
import { errorInterceptor } from '../core/http/error.interceptor';
import { AboutPage } from './about-page';

describe('AboutPage', () => {
  let fixture: ComponentFixture<AboutPage>;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [AboutPage],
      providers: [
        provideHttpClient(withInterceptors([errorInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AboutPage);
  });

  afterEach(() => backend.verify());

  function text(testId: string): string | null {
    const el = (fixture.nativeElement as HTMLElement).querySelector(`[data-testid="${testId}"]`);
    return el?.textContent?.trim() ?? null;
  }

  async function answerHealth(
    body: HealthResponse | null,
    init?: { status: number; statusText: string },
  ): Promise<void> {
    await fixture.whenStable();
    backend.expectOne('/api/v1/health').flush(body, init);
    await fixture.whenStable();
  }

  it('describes Rehabit and says it is checking until the API answers', async () => {
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).querySelector('h1')?.textContent).toContain(
      'About Rehabit',
    );
    expect(text('health-checking')).toContain('Checking');
    backend.expectOne('/api/v1/health').flush({
      status: 'ok',
      database: 'up',
      databaseKind: 'embedded',
      version: '0.1.0',
    });
  });

  it('shows the API and database status from a healthy answer', async () => {
    await answerHealth({
      status: 'ok',
      database: 'up',
      databaseKind: 'embedded',
      version: '0.1.0',
    });
    expect(text('api-status')).toBe('ok');
    expect(text('db-status')).toBe('up');
    expect(text('db-kind')).toBe('embedded');
    expect(text('api-version')).toBe('0.1.0');
  });

  it('shows the database down when the API answers 503 with its health', async () => {
    await answerHealth(
      { status: 'error', database: 'down', databaseKind: 'postgres', version: '0.1.0' },
      { status: 503, statusText: 'Service Unavailable' },
    );
    expect(text('api-status')).toBe('error');
    expect(text('db-status')).toBe('down');
    expect(text('db-kind')).toBe('postgres');
  });

  it('says the API is unreachable, once, when nothing answers', async () => {
    await fixture.whenStable();
    backend.expectOne('/api/v1/health').error(new ProgressEvent('error'), { status: 0 });
    await fixture.whenStable();

    expect(text('api-status')).toBe('unreachable');
    expect(text('db-status')).toBe('unknown');
    expect(text('health-error')).toContain("can't reach the server");
    // The page shows the failure itself; a snack bar on top would say it twice.
    expect(await shownNotice()).toBeNull();
  });

  it('checks again on request', async () => {
    await answerHealth({ status: 'ok', database: 'up', databaseKind: 'embedded', version: '1' });
    const button = (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>(
      '[data-testid="health-recheck"]',
    );
    button?.click();
    await answerHealth({ status: 'ok', database: 'down', databaseKind: 'embedded', version: '1' });
    expect(text('db-status')).toBe('down');
  });
});
