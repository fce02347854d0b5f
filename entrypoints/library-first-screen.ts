import { drawKeptMarkup } from '@/lib/library-first-screen';

// A classic script in library.html, right after the app's element: it runs as the HTML is parsed, before the
// page's modules load, and draws the first screen the page last showed (lib/library-first-screen.ts).
export default defineUnlistedScript(() => drawKeptMarkup(document.getElementById('app')));
