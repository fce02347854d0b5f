import { extractOnRequest } from '@/lib/extract/on-request';

// Injected on request ("Clip this page") with activeTab; the value of main() is what executeScript returns.
export default defineUnlistedScript(() => {
  const url = location.href;
  return { url, papers: extractOnRequest(document, url) };
});
