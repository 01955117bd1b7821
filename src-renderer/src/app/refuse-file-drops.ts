// A file dropped on the window would be opened by the browser (or Electron) in place of the app:
// the user's work gone, and a dropped HTML file running in a window that looks like Rapport.
// Nothing in Rapport takes drops yet, so the window refuses every one.
export function refuseFileDrops(target: Pick<Document, 'addEventListener'> = document): void {
  for (const type of ['dragover', 'drop'] as const)
    target.addEventListener(type, (event) => event.preventDefault())
}
