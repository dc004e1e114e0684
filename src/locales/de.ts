
    // Do not modify this file by hand!
    // Re-generate this file by running lit-localize

    
    

    /* eslint-disable no-irregular-whitespace */
    /* eslint-disable @typescript-eslint/no-explicit-any */

    export const templates = {
      's28efdb6f3ac0a1bd': `Es gab zu viele Versuche. Bitte warten Sie eine Minute und versuchen Sie es dann noch einmal.`,
's2eb35f00f85b8d81': `Ihre Videosprechstunde ist bereit.`,
's3e11772977fee738': `Zu Ihrer Sicherheit kann dieser Videolink hier nicht geöffnet werden. Bitte wenden Sie sich an Ihr Behandlungsteam.`,
's4772b20337932c2f': `Wir konnten Ihre Anmeldung nicht bestätigen. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.`,
's54121d797a7da759': `Videosprechstunde beitreten`,
's736157452e7fc7af': `Etwas hat nicht funktioniert. Bitte versuchen Sie es noch einmal.`,
's77c911700e5506b4': `Das dauert länger als üblich. Bitte versuchen Sie es noch einmal.`,
's7819fb3f682c6295': `Die Sprechstunde ist beendet. Sie können diese Seite jetzt schließen.`,
's78676e4f3b6e831e': `Der Videodienst ist gerade nicht erreichbar. Bitte versuchen Sie es in ein paar Minuten noch einmal.`,
's7932514a930800a9': `Ihre Kamera oder Ihr Mikrofon ist gesperrt. Bitte erlauben Sie den Zugriff in Ihrem Browser und versuchen Sie es noch einmal.`,
's87315164f3646f82': `Ihre Videosprechstunde in einem neuen Fenster öffnen`,
's88d16472cdadbf07': `Videosprechstunde`,
's8a1453ffb8c98c01': `Die Videosprechstunde kann auf dieser Seite nicht gestartet werden. Bitte wenden Sie sich an Ihr Behandlungsteam.`,
's976e671612abf55f': `Diese Sprechstunde ist für Sie nicht verfügbar. Bitte wenden Sie sich an Ihr Behandlungsteam.`,
'sa8d58d602cffaa99': `Bei uns ist ein Fehler aufgetreten. Bitte versuchen Sie es gleich noch einmal.`,
'sb27da1ba9ec2c0b9': `Wir konnten keine Verbindung herstellen. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es noch einmal.`,
'scd1dd6ff53d0d01a': `Erneut versuchen`,
'sd7bc439a898d1d24': `Diese Sprechstunde ist bereits beendet.`,
'se4545d7bed9d9ab9': `Ihre Videosprechstunde wurde in einem neuen Fenster geöffnet.`,
'seef5ad6ed6b50377': `Ihre Videosprechstunde wird hier angezeigt.`,
'sf92cda078abccd53': `Verbindung zu Ihrer Videosprechstunde wird hergestellt …`,
'sf92e011f01536041': `Wir konnten diese Sprechstunde nicht finden. Bitte prüfen Sie Ihren Termin oder wenden Sie sich an Ihr Behandlungsteam.`,
    };
  