/** CSS Modules (`X.module.css` beside `X.tsx`): the import is the map of class names Vite made. */
declare module '*.module.css' {
  const classes: Readonly<Record<string, string>>;
  export default classes;
}

/** A plain stylesheet imported for its side effect (global class names). */
declare module '*.css';
