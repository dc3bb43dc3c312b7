import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectDisplay } from './connect.js';
import { DisplayApp } from './DisplayApp.js';
import './display.css';

/** Entry of the customer display page (/display in the browser shell; the display window under Electron). */
const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from display.html');
document.body.classList.add('cd-body');
createRoot(root).render(
  <StrictMode>
    <DisplayApp api={connectDisplay()} />
  </StrictMode>,
);
