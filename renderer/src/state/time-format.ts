/** HH:MM:SS in 24-hour form, whatever the machine's locale, so timestamps read the same everywhere. */
export function clockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-GB', { hour12: false });
}
