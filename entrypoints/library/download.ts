/** Hands `blob` to the browser as a download named `name`. */
export function downloadFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL by then; the page need not hold the file any longer.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
