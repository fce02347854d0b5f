import { askEarly } from '@/lib/popup-first-questions';

// A classic script at the top of popup.html: it runs as the HTML is parsed, before the popup's modules load,
// and asks the popup's first questions (lib/popup-first-questions.ts).
export default defineUnlistedScript(askEarly);
