import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startLiveUpdates } from './stores/liveUpdates';
import './styles.css';

// Started once, outside React, so StrictMode's double effects cannot subscribe twice.
startLiveUpdates();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
