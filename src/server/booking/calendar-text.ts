import type { Context } from 'hono';
import { accepts } from 'hono/accepts';
import { supportedLanguage } from '../internal/language.js';

/**
 * The calendar file's words, in the languages the elements speak. Server-side and by hand, like the sandbox room
 * page's (providers/sandbox-room-text.ts): the file is written here, @lit/localize lives in the browser bundle.
 * Formal address throughout, and the join button's own label, so that the patient finds what the file names.
 */
export interface CalendarText {
  /** `SUMMARY`, around the clinic's name of the service. */
  summary(service: string): string;
  /** The reminder alarm's text. */
  alarm(service: string): string;
  /**
   * How to join, for `DESCRIPTION`: on the visit page (written after this text) when the clinic has one, else on the
   * page where the patient booked; from `minutesBefore` minutes before the start.
   */
  howToJoin(onVisitPage: boolean, minutesBefore: number): string;
}

const en: CalendarText = {
  summary: (service) => `Video visit: ${service}`,
  alarm: (service) => `Your video visit starts soon: ${service}`,
  howToJoin: (page, m) =>
    `To join, open ${page ? 'the page below' : 'the page where you booked this visit'} and press ` +
    `"Join video visit". ` +
    (m > 0
      ? `You can join from ${m} ${m === 1 ? 'minute' : 'minutes'} before the start.`
      : 'You can join at the start time.'),
};

const de: CalendarText = {
  summary: (service) => `Videosprechstunde: ${service}`,
  alarm: (service) => `Ihre Videosprechstunde beginnt bald: ${service}`,
  howToJoin: (page, m) =>
    `Zum Teilnehmen öffnen Sie ${page ? 'die unten genannte Seite' : 'die Seite, auf der Sie diesen Termin gebucht haben,'} ` +
    `und klicken Sie auf „Videosprechstunde beitreten“. ` +
    (m > 0
      ? `Sie können ab ${m} ${m === 1 ? 'Minute' : 'Minuten'} vor Beginn beitreten.`
      : 'Sie können ab Terminbeginn beitreten.'),
};

const fr: CalendarText = {
  summary: (service) => `Consultation vidéo : ${service}`,
  alarm: (service) => `Votre consultation vidéo commence bientôt : ${service}`,
  howToJoin: (page, m) =>
    `Pour participer, ouvrez ${page ? 'la page ci-dessous' : 'la page sur laquelle vous avez pris ce rendez-vous'} ` +
    `et cliquez sur « Rejoindre la consultation vidéo ». ` +
    (m > 0
      ? `Vous pouvez la rejoindre dès ${m} ${m === 1 ? 'minute' : 'minutes'} avant le début.`
      : "Vous pouvez la rejoindre à l'heure du rendez-vous."),
};

const it: CalendarText = {
  summary: (service) => `Visita video: ${service}`,
  alarm: (service) => `La sua visita video inizia a breve: ${service}`,
  howToJoin: (page, m) =>
    `Per partecipare, apra ${page ? 'la pagina indicata qui sotto' : 'la pagina in cui ha prenotato questa visita'} ` +
    `e prema «Partecipa alla visita video». ` +
    (m > 0
      ? `Può partecipare da ${m} ${m === 1 ? 'minuto' : 'minuti'} prima dell'inizio.`
      : "Può partecipare all'orario della visita."),
};

const nl: CalendarText = {
  summary: (service) => `Videoconsult: ${service}`,
  alarm: (service) => `Uw videoconsult begint binnenkort: ${service}`,
  howToJoin: (page, m) =>
    `Om deel te nemen, opent u ${page ? 'de pagina hieronder' : 'de pagina waar u dit consult hebt geboekt'} ` +
    `en klikt u op ‘Deelnemen aan videoconsult’. ` +
    (m > 0
      ? `U kunt vanaf ${m} ${m === 1 ? 'minuut' : 'minuten'} voor de aanvang deelnemen.`
      : 'U kunt deelnemen vanaf de aanvangstijd.'),
};

const TEXTS = { en, de, fr, it, nl } as const;

export type CalendarLanguage = keyof typeof TEXTS;

const LANGUAGES = Object.keys(TEXTS) as CalendarLanguage[];

/**
 * `Accept-Language` (RFC 9110 12.5.4) by its weights: the first range that names one of ours, exactly or by its
 * language alone (`de-CH` -> `de`); `*` or nothing of ours is English.
 */
const byLanguage: NonNullable<Parameters<typeof accepts>[1]['match']> = (ranges, { default: fallback }) => {
  const wanted = ranges.filter((r) => r.q > 0).sort((a, b) => b.q - a.q);
  for (const { type } of wanted) {
    const language = supportedLanguage(type, LANGUAGES);
    if (language) return language;
  }
  return fallback;
};

/** The language of the calendar file a request asks for, by its `Accept-Language` header. */
export const calendarLanguage = (c: Context): CalendarLanguage =>
  accepts(c, {
    header: 'Accept-Language',
    supports: LANGUAGES,
    default: 'en',
    match: byLanguage,
  }) as CalendarLanguage;

export const calendarText = (lang: CalendarLanguage): CalendarText => TEXTS[lang];
