import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { connectHost } from './host/host-api';
import { useLab } from './state/lab.store';
import { useProgress } from './state/progress.slice';
import { useScenario } from './state/scenario.slice';
import './styles.css';

const client = connectHost();
client.onEvent((event) => {
  useLab.getState().applyEvent(event);
  useScenario.getState().applyEvent(event);
  useProgress.getState().applyEvent(event);
});
void useLab.getState().load(client);
void useScenario.getState().load(client);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
