// Boot entry. The first inbox frame needs data (accounts, the first page of conversations) and
// code (React and the app). This small entry asks the core for the data first and only then
// loads the code, so the round trips overlap with fetching and parsing it (bench/inbox-paint-bench.ts).
import { prefetchFirstScreen } from './api/first-screen'
import { refuseFileDrops } from './app/refuse-file-drops'

refuseFileDrops()
prefetchFirstScreen()
void import('./app/mount').then(({ mount }) => mount())
