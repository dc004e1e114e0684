import { str } from '@lit/localize';

export const templates = { s0: str`Beitreten ${0}` };
