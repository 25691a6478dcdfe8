import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { PainScale } from './pain-scale';

@Component({
  imports: [PainScale, ReactiveFormsModule],
  template: `<rh-pain-scale legend="Pain now" [formControl]="control" />`,
})
class Host {
  readonly control = new FormControl<number | null>(4);
}

describe('PainScale', () => {
  it('is a radio group of 0–10 with the anchors, bound to its form control', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    const radios = Array.from(root.querySelectorAll<HTMLInputElement>('input[type=radio]'));
    expect(radios.length).toBe(11);
    expect(root.querySelector('legend')?.textContent?.trim()).toBe('Pain now');
    expect(radios[0].getAttribute('aria-label')).toBe('0, no pain');
    expect(radios[10].getAttribute('aria-label')).toBe('10, worst imaginable');
    expect(radios[4].checked).toBeTrue();
    expect(new Set(radios.map((r) => r.name)).size).toBe(1);

    radios[7].click();
    await fixture.whenStable();
    expect(fixture.componentInstance.control.value).toBe(7);
    expect(radios[7].closest('label')?.classList).toContain('selected');
  });
});
