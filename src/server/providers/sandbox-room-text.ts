import type { TextDirection } from '../../protocol/page-language.js';
import { supportedLanguage } from '../internal/language.js';

/**
 * The sandbox room page's words, in the languages the elements speak. Server-side and by hand: the page is
 * one self-contained HTML response, and @lit/localize lives in the browser bundle. Plain words for nervous
 * patients, as in the elements' own messages.
 */
export interface SandboxRoomText {
  title: string;
  heading: string;
  sandbox: string;
  asPatient: string;
  asClinician: string;
  camera: string;
  starting: string;
  on: string;
  blocked: string;
  noDevice: string;
  leave: string;
  end: string;
  youLeft: string;
  youEnded: string;
  endFailed: string;
  ended: string;
  sessionOver: string;
  linkUsedTitle: string;
  linkUsedText: string;
  endedTitle: string;
  endedText: string;
}

const en: SandboxRoomText = {
  title: 'Video visit (sandbox)',
  heading: 'Video visit',
  sandbox: 'sandbox',
  asPatient: 'You are in the room as the patient.',
  asClinician: 'You are in the room as the clinician.',
  camera: 'Your camera',
  starting: 'Starting your camera…',
  on: 'Your camera and microphone are on.',
  blocked:
    'Camera and microphone are blocked. You can still hear and read the visit; allow them in your browser settings to be seen.',
  noDevice:
    'No camera or microphone could be started. Check that one is connected and not used by another app.',
  leave: 'Leave the visit',
  end: 'End the visit for everyone',
  youLeft: 'You left the visit.',
  youEnded: 'You ended the visit.',
  endFailed: 'The visit could not be ended. Please try again.',
  ended: 'The visit has ended.',
  sessionOver: 'Your time in this room is over. Go back to the page you came from and join again.',
  linkUsedTitle: 'This link cannot be used',
  linkUsedText:
    'A join link works once and only for a few minutes. Go back to the page you came from and press the join button again.',
  endedTitle: 'The visit has ended',
  endedText: 'You can close this page.',
};

const de: SandboxRoomText = {
  title: 'Videosprechstunde (Sandbox)',
  heading: 'Videosprechstunde',
  sandbox: 'Sandbox',
  asPatient: 'Sie sind als Patientin oder Patient im Raum.',
  asClinician: 'Sie sind als Ärztin oder Arzt im Raum.',
  camera: 'Ihre Kamera',
  starting: 'Ihre Kamera wird gestartet…',
  on: 'Ihre Kamera und Ihr Mikrofon sind an.',
  blocked:
    'Kamera und Mikrofon sind blockiert. Sie können die Sprechstunde trotzdem hören und lesen; erlauben Sie beides in den Einstellungen Ihres Browsers, damit man Sie sieht.',
  noDevice:
    'Es konnte keine Kamera und kein Mikrofon gestartet werden. Prüfen Sie, ob eines angeschlossen ist und nicht von einer anderen App benutzt wird.',
  leave: 'Sprechstunde verlassen',
  end: 'Sprechstunde für alle beenden',
  youLeft: 'Sie haben die Sprechstunde verlassen.',
  youEnded: 'Sie haben die Sprechstunde beendet.',
  endFailed: 'Die Sprechstunde konnte nicht beendet werden. Bitte versuchen Sie es noch einmal.',
  ended: 'Die Sprechstunde ist beendet.',
  sessionOver:
    'Ihre Zeit in diesem Raum ist abgelaufen. Gehen Sie zurück zur vorherigen Seite und treten Sie erneut bei.',
  linkUsedTitle: 'Dieser Link kann nicht verwendet werden',
  linkUsedText:
    'Ein Beitrittslink funktioniert nur einmal und nur wenige Minuten lang. Gehen Sie zurück zur vorherigen Seite und drücken Sie erneut auf die Schaltfläche zum Beitreten.',
  endedTitle: 'Die Sprechstunde ist beendet',
  endedText: 'Sie können diese Seite schließen.',
};

const fr: SandboxRoomText = {
  title: 'Consultation vidéo (sandbox)',
  heading: 'Consultation vidéo',
  sandbox: 'sandbox',
  asPatient: 'Vous êtes dans la salle en tant que patient.',
  asClinician: 'Vous êtes dans la salle en tant que médecin.',
  camera: 'Votre caméra',
  starting: 'Démarrage de votre caméra…',
  on: 'Votre caméra et votre micro sont allumés.',
  blocked:
    'La caméra et le micro sont bloqués. Vous pouvez quand même entendre et lire la consultation ; autorisez-les dans les réglages de votre navigateur pour être vu.',
  noDevice:
    "Aucune caméra ni aucun micro n'a pu être démarré. Vérifiez qu'ils sont branchés et qu'aucune autre application ne les utilise.",
  leave: 'Quitter la consultation',
  end: 'Terminer la consultation pour tous',
  youLeft: 'Vous avez quitté la consultation.',
  youEnded: 'Vous avez terminé la consultation.',
  endFailed: "La consultation n'a pas pu être terminée. Veuillez réessayer.",
  ended: 'La consultation est terminée.',
  sessionOver:
    "Votre temps dans cette salle est écoulé. Revenez à la page d'où vous venez et rejoignez la consultation à nouveau.",
  linkUsedTitle: 'Ce lien ne peut pas être utilisé',
  linkUsedText:
    "Un lien de connexion ne fonctionne qu'une fois et seulement quelques minutes. Revenez à la page d'où vous venez et appuyez à nouveau sur le bouton pour rejoindre.",
  endedTitle: 'La consultation est terminée',
  endedText: 'Vous pouvez fermer cette page.',
};

const it: SandboxRoomText = {
  title: 'Visita video (sandbox)',
  heading: 'Visita video',
  sandbox: 'sandbox',
  asPatient: 'Sei nella stanza come paziente.',
  asClinician: 'Sei nella stanza come medico.',
  camera: 'La tua fotocamera',
  starting: 'Avvio della fotocamera…',
  on: 'La fotocamera e il microfono sono accesi.',
  blocked:
    'Fotocamera e microfono sono bloccati. Puoi comunque sentire e leggere la visita; consentili nelle impostazioni del browser per farti vedere.',
  noDevice:
    'Non è stato possibile avviare né una fotocamera né un microfono. Controlla che siano collegati e non usati da un’altra app.',
  leave: 'Esci dalla visita',
  end: 'Termina la visita per tutti',
  youLeft: 'Sei uscito dalla visita.',
  youEnded: 'Hai terminato la visita.',
  endFailed: 'Non è stato possibile terminare la visita. Riprova.',
  ended: 'La visita è terminata.',
  sessionOver:
    'Il tuo tempo in questa stanza è finito. Torna alla pagina da cui sei arrivato e partecipa di nuovo.',
  linkUsedTitle: 'Questo link non può essere usato',
  linkUsedText:
    'Un link di accesso funziona una sola volta e solo per pochi minuti. Torna alla pagina da cui sei arrivato e premi di nuovo il pulsante per partecipare.',
  endedTitle: 'La visita è terminata',
  endedText: 'Puoi chiudere questa pagina.',
};

const nl: SandboxRoomText = {
  title: 'Videoconsult (sandbox)',
  heading: 'Videoconsult',
  sandbox: 'sandbox',
  asPatient: 'U bent in de kamer als patiënt.',
  asClinician: 'U bent in de kamer als arts.',
  camera: 'Uw camera',
  starting: 'Uw camera wordt gestart…',
  on: 'Uw camera en microfoon staan aan.',
  blocked:
    'Camera en microfoon zijn geblokkeerd. U kunt het consult nog steeds horen en lezen; sta ze toe in de instellingen van uw browser om gezien te worden.',
  noDevice:
    'Er kon geen camera of microfoon worden gestart. Controleer of er een is aangesloten en niet door een andere app wordt gebruikt.',
  leave: 'Consult verlaten',
  end: 'Consult voor iedereen beëindigen',
  youLeft: 'U hebt het consult verlaten.',
  youEnded: 'U hebt het consult beëindigd.',
  endFailed: 'Het consult kon niet worden beëindigd. Probeer het opnieuw.',
  ended: 'Het consult is beëindigd.',
  sessionOver:
    'Uw tijd in deze kamer is voorbij. Ga terug naar de pagina waar u vandaan kwam en neem opnieuw deel.',
  linkUsedTitle: 'Deze link kan niet worden gebruikt',
  linkUsedText:
    'Een deelnamelink werkt maar één keer en maar een paar minuten. Ga terug naar de pagina waar u vandaan kwam en druk opnieuw op de knop om deel te nemen.',
  endedTitle: 'Het consult is beëindigd',
  endedText: 'U kunt deze pagina sluiten.',
};

const TEXTS = { en, de, fr, it, nl } as const;

export type SandboxLanguage = keyof typeof TEXTS;

/** The page's language for a BCP 47 tag: exact, then the language alone (`de-CH` -> `de`), else English. */
export const sandboxLanguage = (tag: string | undefined): SandboxLanguage =>
  supportedLanguage(tag, Object.keys(TEXTS) as SandboxLanguage[]) ?? 'en';

export const sandboxText = (lang: SandboxLanguage): SandboxRoomText => TEXTS[lang];

/** `rtl` only when asked for in so many words; anything else is the default direction. */
export const sandboxDirection = (dir: string | undefined): TextDirection => (dir === 'rtl' ? 'rtl' : 'ltr');
