/** After a refused submit, puts focus on the first field that needs attention. */
export function focusFirstInvalid(host: HTMLElement): void {
  setTimeout(() => {
    host
      .querySelector<HTMLElement>('input.ng-invalid, select.ng-invalid, textarea.ng-invalid')
      ?.focus();
  });
}
