// A section that is not built yet: nothing to show, but like every client-area page it
// is for signed-in customers only (api() sends a signed-out visitor to sign in and back).
import { api } from '../api.js';
import '../ui.js';

api('/auth/me');
