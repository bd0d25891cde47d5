// A section that is not built yet: nothing to load, but the navigation works.
import '../ui.js';
