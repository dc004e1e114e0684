import { css } from 'lit';

// The hold's form and the confirmation: adopted beside the picker's own styles (appointment-picker.styles.ts) when
// the booking steps load (BookingController), so that a page that only shows the times does not download them.
export const styles = css`
  h3[tabindex='-1']:focus {
    outline: none;
  }
  [part~='book'] {
    background: var(--_accent);
    color: var(--_on-accent);
  }
  [part~='cancel'],
  [part~='confirm'] {
    border-color: var(--_danger);
    color: var(--_danger);
  }
  [part~='confirm'] {
    background: var(--_danger);
    color: #fff;
  }
  [part~='confirm-cancel'] {
    display: flex;
    flex-direction: column;
    gap: 0.75em;
    padding: 0.75em;
    border: 2px solid var(--_danger);
    border-radius: var(--_radius);
  }
  [part~='hold'],
  [part~='confirmation'] {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 0.75em;
  }
  [part~='form'] {
    display: flex;
    flex-direction: column;
    gap: 0.75em;
    align-self: stretch;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.25em;
  }
  .field input {
    min-block-size: 44px;
    padding: 0.4em 0.6em;
    border: 1px solid var(--_muted);
    border-radius: var(--_radius);
  }
  .field input[aria-invalid='true'] {
    border: 2px solid var(--_danger);
  }
  .field-error {
    color: var(--_danger);
  }
  .hint {
    color: var(--_muted);
  }
  [part~='form'] [part~='book'] {
    align-self: flex-start;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75em;
    align-items: center;
  }
  a {
    color: var(--_accent);
  }
`;
