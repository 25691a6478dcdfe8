import { ApplicationRef } from '@angular/core';
import { TestBed } from '@angular/core/testing';

/**
 * The text of the notice on the page (core/layout/notice.ts), or null when there is none, once
 * any notice the app has decided to show is there. The snack bar is loaded on demand and opens
 * its notice a few promise hops after the module arrives: reading the page any sooner finds
 * nothing on the first load, which would make "no notice" checks pass whatever happens.
 */
export async function shownNotice(): Promise<string | null> {
  await import('@angular/material/snack-bar');
  await new Promise((resolve) => setTimeout(resolve));
  await TestBed.inject(ApplicationRef).whenStable();
  const label = document.querySelector('.mat-mdc-simple-snack-bar .mat-mdc-snack-bar-label');
  return label?.textContent?.trim() ?? null;
}
