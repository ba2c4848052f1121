/** What the bot says around the knowledge base's words, per conversation language (English for any other). */
type Texts = {
  greeting: string;
  answer: (title: string) => string;
  clarify: string;
  noAnswer: string;
  noOpenTickets: string;
  openTickets: (lines: string[]) => string;
  humanOption: string;
  transcriptHeading: string;
  customer: string;
  bot: string;
  handoverSubject: string;
};

const en: Texts = {
  greeting: 'Hi! I am the Lantern assistant. Ask me a question about your account, billing, shipping or our product. You can talk to a person at any time.',
  answer: (title) => `This should help, from "${title}":`,
  clarify: 'I found a few articles that could fit. Which one do you mean?',
  noAnswer: 'I am not sure I have the right answer to that. Would you like to talk to a person from our support team?',
  noOpenTickets: 'You have no open tickets at the moment.',
  openTickets: (lines) => `Your open tickets:\n${lines.join('\n')}`,
  humanOption: 'Talk to a person',
  transcriptHeading: 'Conversation with the assistant so far:',
  customer: 'Customer',
  bot: 'Assistant',
  handoverSubject: 'Question from the assistant',
};

const de: Texts = {
  greeting: 'Hallo! Ich bin der Lantern-Assistent. Fragen Sie mich zu Konto, Rechnungen, Versand oder unserem Produkt. Sie können jederzeit mit einem Menschen sprechen.',
  answer: (title) => `Das sollte helfen, aus „${title}“:`,
  clarify: 'Ich habe mehrere passende Artikel gefunden. Welchen meinen Sie?',
  noAnswer: 'Ich bin mir nicht sicher, ob ich darauf die richtige Antwort habe. Möchten Sie mit jemandem aus unserem Support sprechen?',
  noOpenTickets: 'Sie haben zurzeit keine offenen Tickets.',
  openTickets: (lines) => `Ihre offenen Tickets:\n${lines.join('\n')}`,
  humanOption: 'Mit einem Menschen sprechen',
  transcriptHeading: 'Bisheriges Gespräch mit dem Assistenten:',
  customer: 'Kunde',
  bot: 'Assistent',
  handoverSubject: 'Frage aus dem Assistenten',
};

export const botTexts = (language: string): Texts => (language.startsWith('de') ? de : en);
