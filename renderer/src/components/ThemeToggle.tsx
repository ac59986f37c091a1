import { THEMES } from '../../../core/contract';
import { useLab } from '../state/lab.store';

export function ThemeToggle() {
  const theme = useLab((state) => state.settings?.theme ?? 'system');
  const setTheme = useLab((state) => state.setTheme);
  return (
    <label className="theme-toggle">
      Theme{' '}
      <select
        value={theme}
        onChange={(event) => void setTheme(event.target.value as (typeof THEMES)[number])}
      >
        {THEMES.map((value) => (
          <option key={value} value={value}>
            {value}
          </option>
        ))}
      </select>
    </label>
  );
}
