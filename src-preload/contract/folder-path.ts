// A folder's path as people read it, shared by the renderer and the command line.
//
// A folder deleted on the server whose mail Rapport keeps is, once another folder takes its name,
// set aside under its path, a NUL and its id (a name no server can give; see moveAside in
// src-main/core/sync/folder-repository.ts). The contract carries that path as it is, so that it
// names one folder; what people read is its own name, with the "not on the server" mark beside it.

export function readableFolderPath(path: string): string {
  const end = path.indexOf('\u0000')
  return end < 0 ? path : path.slice(0, end)
}
