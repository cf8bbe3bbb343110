/** Browser approval: loaded on first use, since most sessions never need it. */
export { createApprovalPages, type ApprovalPages, type Decision } from './pages.js';
export { browserOpener } from './open.js';
