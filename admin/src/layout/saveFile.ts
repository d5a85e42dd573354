/** Saves content as a file through a Blob URL (what the API answered never leaves the browser otherwise). */
export function saveFile(content: Blob | string, fileName: string, mediaType: string): void {
  const blob = typeof content === 'string' ? new Blob([content], { type: mediaType }) : content;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
