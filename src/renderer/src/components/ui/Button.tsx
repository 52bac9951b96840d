import type { ButtonHTMLAttributes, Ref } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'quiet';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** primary: the screen's main action; secondary: one of several; danger: loses data; quiet: a link-like action inside text. */
  variant?: ButtonVariant;
  size?: 'normal' | 'small';
  ref?: Ref<HTMLButtonElement>;
}

/*
 * The variants keep the global class names (`button-primary`…): panels still place their buttons
 * with rules such as `.draft-actions .button-primary`, and the look must not change with this.
 */
const variantClass: Record<ButtonVariant, string> = {
  primary: 'button-primary',
  secondary: 'button-secondary',
  danger: 'button-danger',
  quiet: 'button-link',
};

/** The console's button. `type="button"` unless said otherwise, so no button submits a form by accident. */
export function Button({
  variant = 'secondary',
  size = 'normal',
  className,
  type = 'button',
  ...props
}: ButtonProps) {
  const classes = [variantClass[variant], size === 'small' && 'button-small', className]
    .filter(Boolean)
    .join(' ');
  return <button type={type} className={classes} {...props} />;
}
