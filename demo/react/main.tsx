// Define the elements before React renders them: React 19 then sets their properties (not attributes).
import 'video-consult-elements/call-join-button';
import 'video-consult-elements/video-consult-room';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

createRoot(document.getElementById('app')!).render(<App server={location.origin} />);
