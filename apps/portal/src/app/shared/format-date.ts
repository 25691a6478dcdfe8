import { Pipe, PipeTransform } from '@angular/core';

export type DateStyle = 'date' | 'dateTime' | 'longDay';

const OPTIONS: Readonly<Record<DateStyle, Intl.DateTimeFormatOptions>> = {
  date: { dateStyle: 'medium' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  longDay: { weekday: 'long', day: 'numeric', month: 'long' },
};

/**
 * Dates through the browser's own Intl rather than Angular's DatePipe: DatePipe's formatter and
 * locale data would land in the initial bundle every patient downloads. A `YYYY-MM-DD` calendar
 * date is shown as that day, whatever the viewer's zone.
 */
export function formatDate(value: string | null | undefined, style: DateStyle = 'date'): string {
  if (!value) return '';
  const calendarDay = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(calendarDay ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(undefined, {
    ...OPTIONS[style],
    ...(calendarDay ? { timeZone: 'UTC' } : {}),
  }).format(date);
}

@Pipe({ name: 'rhDate' })
export class FormatDatePipe implements PipeTransform {
  transform(value: string | null | undefined, style: DateStyle = 'date'): string {
    return formatDate(value, style);
  }
}
