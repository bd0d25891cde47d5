// A section that is not built yet: nothing to show, but like every client-area page it
// is for signed-in customers only (me() asks the API, whose helper sends a signed-out
// visitor to sign in and back).
import { me } from '../ui.js';

me();
