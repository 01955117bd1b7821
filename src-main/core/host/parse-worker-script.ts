// electron-vite builds the parse worker as its own entry and gives its path here (?modulePath).
// Only host entries import this, never the core itself: tests run the core from source, where
// there is no built worker, and parse in-process.
import parseWorkerScript from '../mail/parse-worker?modulePath'

export { parseWorkerScript }
