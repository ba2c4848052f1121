import classes from './contrast.module.css';

/** The class that gives admin and account screens (and their overlays) AA-contrast colours. */
export const contrast = classes.scope;
