import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadQuickKeys, refreshCounter, refreshSession, start } from './actions.js';
import { App } from './App.js';
import { provideCounterRefresh } from './counter-refresh.js';
import './styles.css';

start();
// Screens that change the core behind the counter ask it to re-read through ./counter-refresh.ts.
provideCounterRefresh({ counter: refreshCounter, session: refreshSession, quickKeys: loadQuickKeys });
const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
