/**
 * The demo knowledge base: help articles for "Hearthly", a fictional smart thermostat with a companion app and an
 * optional "Hearthly Plus" subscription, sold online and shipped worldwide. English, written like a real help
 * center (varied length, lists, callouts, one step-by-step tutorial, one internal-only article). Loaded by
 * seedKnowledgeBase (kb-seed.ts) into `npm start`'s demo workspace, the chatbot tests and `npm run bench:bot`,
 * whose labelled questions (bench/fixtures/bot-questions.json) name these articles by `key`.
 */
export type SeedStep = { title: string; bodyHtml: string; check?: { question: string; options: string[]; correctIndex: number } };
export type SeedArticle = {
  key: string;
  section: string;
  title: string;
  bodyHtml: string;
  kind?: 'article' | 'tutorial';
  visibility?: 'public' | 'internal';
  steps?: SeedStep[];
};
export type SeedSection = { key: string; category: string; name: string; description: string };
export type SeedCategory = { key: string; name: string; description: string };

export const KB_CATEGORIES: SeedCategory[] = [
  { key: 'start', name: 'Getting started', description: 'Install your Hearthly thermostat and set up the app.' },
  { key: 'account', name: 'Account & security', description: 'Sign-in, profile, household members and keeping your account safe.' },
  { key: 'orders', name: 'Billing, orders & shipping', description: 'Payments, invoices, subscriptions, delivery and returns.' },
  { key: 'using', name: 'Using Hearthly', description: 'Schedules, energy reports and connecting other services.' },
  { key: 'help', name: 'Troubleshooting', description: 'Fix connection, display and heating problems.' },
];

export const KB_SECTIONS: SeedSection[] = [
  { key: 'setup', category: 'start', name: 'Installation', description: 'Wiring, mounting and first start.' },
  { key: 'app', category: 'start', name: 'The Hearthly app', description: 'Download, pair and find your way around.' },
  { key: 'account', category: 'account', name: 'Your account', description: 'Email, password, profile and household.' },
  { key: 'security', category: 'account', name: 'Security & privacy', description: 'Two-step verification, sessions and your data.' },
  { key: 'billing', category: 'orders', name: 'Billing & subscriptions', description: 'Payment methods, invoices and Hearthly Plus.' },
  { key: 'shipping', category: 'orders', name: 'Shipping', description: 'Delivery times, tracking and customs.' },
  { key: 'returns', category: 'orders', name: 'Returns & warranty', description: 'Returns, refunds, exchanges and warranty claims.' },
  { key: 'features', category: 'using', name: 'Features', description: 'Schedules, away mode, energy reports.' },
  { key: 'integrations', category: 'using', name: 'Integrations', description: 'Voice assistants, smart home platforms and the API.' },
  { key: 'troubleshooting', category: 'help', name: 'Common problems', description: 'When something does not work as expected.' },
];

export const KB_ARTICLES: SeedArticle[] = [
  // Installation
  {
    key: 'install-tutorial', section: 'setup', kind: 'tutorial', title: 'Install your Hearthly thermostat step by step',
    bodyHtml: '<p>This guide takes you through installing Hearthly in place of your old thermostat. It takes about 30 minutes and needs a screwdriver and a phone with the Hearthly app.</p>',
    steps: [
      { title: 'Turn off the power', bodyHtml: '<p>Switch off the circuit breaker for your heating system before you touch any wires. Check that the old thermostat screen is blank.</p>',
        check: { question: 'What do you do before touching the wires?', options: ['Switch off the breaker', 'Unplug the router', 'Nothing'], correctIndex: 0 } },
      { title: 'Photograph and label the wires', bodyHtml: '<p>Remove the old thermostat cover and take a photo of the wiring. Label each wire with the stickers from the box (R, C, W, Y, G).</p>' },
      { title: 'Mount the base plate', bodyHtml: '<p>Use the included level and screws to fix the Hearthly base plate to the wall. Pull the wires through the centre opening.</p>' },
      { title: 'Connect the wires', bodyHtml: '<p>Push each labelled wire into the terminal with the same letter until the button clicks. The C wire (common) powers the display; without it, use the Hearthly Power Adapter.</p>',
        check: { question: 'Which wire powers the display?', options: ['W', 'C', 'G'], correctIndex: 1 } },
      { title: 'Attach the display and restore power', bodyHtml: '<p>Snap the display onto the base plate and switch the breaker back on. The screen shows a welcome animation within a minute.</p>' },
      { title: 'Pair with the app', bodyHtml: '<p>Open the Hearthly app, tap <strong>Add device</strong> and scan the QR code on the display. Choose your Wi-Fi network and enter its password to finish.</p>' },
    ],
  },
  {
    key: 'compatibility', section: 'setup', title: 'Is Hearthly compatible with my heating system?',
    bodyHtml: '<p>Hearthly works with most 24 V heating and cooling systems: gas, oil and electric furnaces, heat pumps, boilers with a 24 V control and central air conditioning.</p><p>It does <strong>not</strong> work with high-voltage (120 V or 230 V) electric baseboard heaters or millivolt systems such as some gas fireplaces.</p><div data-callout="tip"><p>Run the compatibility checker in the app before you buy: answer a few questions about the labels on your wires and it tells you whether you need the Power Adapter.</p></div>',
  },
  {
    key: 'c-wire', section: 'setup', title: 'No C wire? Using the Hearthly Power Adapter',
    bodyHtml: '<p>Many older homes have no common (C) wire, which Hearthly needs for constant power. Without it the display may turn off, restart or drain its battery.</p><p>The Hearthly Power Adapter solves this: it is installed at the heating system\'s control board and sends power over the existing wires. It is included with Hearthly Pro and can be ordered separately for the standard model.</p><ul><li>Turn off the power to the furnace or boiler.</li><li>Connect the adapter to the R and C terminals of the control board.</li><li>Connect the thermostat wires to the adapter as shown in the leaflet.</li></ul>',
  },
  // App
  {
    key: 'app-download', section: 'app', title: 'Download the app and pair your thermostat',
    bodyHtml: '<p>The Hearthly app is free for iPhone (iOS 15 or later) and Android (version 9 or later). Search for "Hearthly" in the App Store or Google Play.</p><p>After signing in, tap <strong>Add device</strong>, scan the QR code shown on the thermostat and follow the prompts. Your phone needs Bluetooth on during pairing; the thermostat then connects to your 2.4 GHz Wi-Fi network.</p><p>Several phones can control the same thermostat: invite household members instead of sharing your password.</p>',
  },
  {
    key: 'wifi-change', section: 'app', title: 'Connect Hearthly to a new Wi-Fi network',
    bodyHtml: '<p>If you changed your router or Wi-Fi password, the thermostat cannot reach the app until you update its network.</p><p>On the thermostat, open <strong>Settings → Network</strong>, choose the new network and enter the password with the dial. Or in the app, open the device, tap <strong>Settings → Wi-Fi</strong> and follow the steps while standing near the thermostat.</p><div data-callout="info"><p>Hearthly uses 2.4 GHz Wi-Fi. If your router combines 2.4 and 5 GHz under one name, that is fine; a 5 GHz-only network is not supported.</p></div>',
  },
  // Account
  {
    key: 'reset-password', section: 'account', title: 'Reset a forgotten password',
    bodyHtml: '<p>On the sign-in screen, tap <strong>Forgot password?</strong> and enter the email address of your Hearthly account. We send you a link to choose a new password; it is valid for one hour and works once.</p><p>No email after a few minutes? Check your spam folder and make sure you used the address you registered with. Links expire after an hour, so request a new one if needed.</p><p>After the reset, you are signed out on all other devices for your security.</p>',
  },
  {
    key: 'change-email', section: 'account', title: 'Change the email address of your account',
    bodyHtml: '<p>Open the app and go to <strong>Profile → Account → Email</strong>. Enter your new address and your current password. We send a confirmation link to the new address; the change takes effect once you click it.</p><p>Your old address receives a notice so you know if someone else tried to change it. Invoices and order confirmations go to the new address from then on.</p>',
  },
  {
    key: 'delete-account', section: 'account', title: 'Delete your Hearthly account',
    bodyHtml: '<p>You can delete your account in <strong>Profile → Account → Delete account</strong>. Before you do, remove your thermostats from the app and cancel any Hearthly Plus subscription, otherwise it keeps renewing through the app store.</p><p>Deletion is permanent after 14 days: during that time you can sign in again to cancel it. Afterwards your schedules, energy history and household settings are erased. We keep invoices as required by tax law.</p>',
  },
  {
    key: 'household', section: 'account', title: 'Invite household members and share access',
    bodyHtml: '<p>Everyone at home can have their own sign-in. Go to <strong>Home → Members → Invite</strong> and enter their email address. Members can change the temperature and schedules; only owners can remove devices, manage the subscription or invite others.</p><p>To remove someone, open their name under Members and tap <strong>Remove from home</strong>. Their access ends immediately.</p>',
  },
  // Security
  {
    key: 'two-step', section: 'security', title: 'Turn on two-step verification',
    bodyHtml: '<p>Two-step verification protects your account even if someone learns your password. Open <strong>Profile → Security → Two-step verification</strong> and scan the QR code with an authenticator app such as Google Authenticator or 1Password. Enter the six-digit code to confirm.</p><p>Save your ten recovery codes somewhere safe: each can be used once if you lose your phone.</p>',
  },
  {
    key: 'suspicious-login', section: 'security', title: 'I received a sign-in alert I do not recognise',
    bodyHtml: '<p>We email you when your account is used on a new device. If it was not you, act right away:</p><ul><li>Change your password in <strong>Profile → Security</strong>.</li><li>Tap <strong>Sign out everywhere</strong> to end all other sessions.</li><li>Turn on two-step verification.</li><li>Check Home → Members for people you did not invite.</li></ul><p>Contact us if you see changes to your schedules or devices you did not make.</p>',
  },
  {
    key: 'privacy-data', section: 'security', title: 'What data Hearthly collects and how to download it',
    bodyHtml: '<p>Hearthly stores your temperature settings, schedules, indoor temperature and humidity readings, and when heating or cooling runs. We use this to show energy reports and improve schedules. We never sell your data.</p><p>To get a copy, go to <strong>Profile → Privacy → Download my data</strong>. We prepare a ZIP file with CSV and JSON files and email you a link within 48 hours.</p><p>You can switch off sharing anonymous usage statistics in the same menu.</p>',
  },
  // Billing
  {
    key: 'payment-methods', section: 'billing', title: 'Accepted payment methods',
    bodyHtml: '<p>In our online store you can pay with Visa, Mastercard, American Express, PayPal, Apple Pay and Google Pay. In Germany, Austria and the Netherlands we also accept Klarna and SEPA direct debit.</p><p>We charge your card when the order ships, not when you place it. Prices include VAT where it applies.</p>',
  },
  {
    key: 'update-card', section: 'billing', title: 'Update the card used for your subscription',
    bodyHtml: '<p>If you pay for Hearthly Plus on our website, open <strong>hearthly.example/account → Billing → Payment method</strong> and add the new card. It is used from the next renewal on.</p><p>If you subscribed through the App Store or Google Play, the card is managed there: change it in your Apple ID or Google account settings.</p><div data-callout="warning"><p>When a renewal payment fails we retry for 7 days; after that your subscription pauses until a valid card is added.</p></div>',
  },
  {
    key: 'invoices', section: 'billing', title: 'Download invoices and receipts',
    bodyHtml: '<p>Every order and subscription renewal has an invoice. Find them under <strong>Account → Billing → Invoices</strong> on our website, where you can download each one as a PDF.</p><p>Need your company name or VAT number on the invoice? Add them under <strong>Billing details</strong> before the purchase; we can reissue an invoice from the last 90 days with the new details on request.</p>',
  },
  {
    key: 'plus-subscription', section: 'billing', title: 'What is included in Hearthly Plus?',
    bodyHtml: '<p>Hearthly Plus is an optional subscription (4.99 per month or 49 per year) that adds:</p><ul><li>Energy reports with unlimited history and monthly cost estimates</li><li>Smart schedules that learn from your habits</li><li>Filter and maintenance reminders</li><li>An extended warranty of 5 years instead of 2</li></ul><p>The thermostat works fully without Plus: schedules, remote control and integrations are free. You can try Plus free for 30 days.</p>',
  },
  {
    key: 'cancel-subscription', section: 'billing', title: 'Cancel or pause Hearthly Plus',
    bodyHtml: '<p>You can cancel any time. On our website: <strong>Account → Subscription → Cancel</strong>. In the App Store or Google Play: cancel from your phone\'s subscription settings, we cannot cancel those for you.</p><p>After cancelling, Plus features stay active until the end of the period you paid for. There are no cancellation fees. Instead of cancelling you can also pause the subscription for up to 3 months, for example over the summer.</p>',
  },
  {
    key: 'double-charge', section: 'billing', title: 'I was charged twice or see an unexpected charge',
    bodyHtml: '<p>A second line on your statement is often a pending authorization: your bank reserves the amount when you order and releases it within 3 to 5 business days. Only the final charge is taken.</p><p>Other common reasons: an annual Plus renewal, a subscription bought both in the app store and on our website, or a household member\'s order. If you are still charged twice after 5 days, send us both transaction dates and amounts and we refund the duplicate.</p>',
  },
  // Shipping
  {
    key: 'delivery-times', section: 'shipping', title: 'Delivery times and shipping costs',
    bodyHtml: '<p>Orders placed before 2 pm on a business day ship the same day from our warehouses in Rotterdam and Columbus, Ohio.</p><ul><li>US and EU standard: 2 to 4 business days, free over 50</li><li>Express: next business day, 12.90</li><li>UK, Switzerland, Norway: 4 to 6 business days</li><li>Rest of the world: 6 to 12 business days</li></ul><p>During sales and holidays, allow one or two extra days.</p>',
  },
  {
    key: 'track-order', section: 'shipping', title: 'Track your order',
    bodyHtml: '<p>As soon as your parcel leaves our warehouse we email you a tracking number and a link to the carrier (DHL, UPS or USPS depending on your country). You can also see the status under <strong>Account → Orders</strong>.</p><p>Tracking can take up to 24 hours to show the first scan. If the status has not changed for 5 business days, contact us and we will open an inquiry with the carrier.</p>',
  },
  {
    key: 'change-address', section: 'shipping', title: 'Change the delivery address of an order',
    bodyHtml: '<p>You can change the address yourself until the order ships: open <strong>Account → Orders</strong>, choose the order and tap <strong>Edit address</strong>.</p><p>Once shipped, we cannot change the address anymore, but most carriers let you redirect the parcel or choose a pickup point through the link in your tracking email.</p>',
  },
  {
    key: 'customs', section: 'shipping', title: 'Customs duties and import taxes',
    bodyHtml: '<p>Orders within the EU and within the US never have customs fees. For the UK, Switzerland, Norway and other countries, import VAT and duties may be charged by your country when the parcel arrives.</p><p>For the UK and Switzerland we collect these at checkout (delivered duty paid), so you pay nothing extra at the door. For other destinations the carrier collects them on delivery.</p>',
  },
  {
    key: 'damaged-parcel', section: 'shipping', title: 'My parcel arrived damaged or an item is missing',
    bodyHtml: '<p>Sorry about that. Please take photos of the box and the product within 7 days of delivery and send them to us with your order number. Keep the packaging until the case is closed.</p><p>We send a replacement free of charge, usually within 2 business days, and arrange the pickup of the damaged item. If something is missing from the box, check the packing list first: the Power Adapter and trim plate ship in a separate small box for some orders.</p>',
  },
  // Returns
  {
    key: 'return-policy', section: 'returns', title: 'Return a product within 60 days',
    bodyHtml: '<p>Not happy with Hearthly? Return it within 60 days of delivery for a full refund, even if you installed it. Start the return in <strong>Account → Orders → Return items</strong> and print the prepaid return label.</p><p>Pack the thermostat with all parts (base plate, screws, trim plate) and drop the parcel at any carrier location. Products bought from other retailers are returned to that retailer.</p>',
  },
  {
    key: 'refund-status', section: 'returns', title: 'When will I get my refund?',
    bodyHtml: '<p>We refund within 3 business days after your return arrives at our warehouse; you get an email when it is processed. The money goes back to the original payment method.</p><p>Depending on your bank, it can take another 5 to 10 business days to appear on your card statement. PayPal and Klarna refunds usually show within 24 hours. Shipping costs of the original order are refunded too if you return the whole order.</p>',
  },
  {
    key: 'warranty', section: 'returns', title: 'Warranty claims and replacements',
    bodyHtml: '<p>Every Hearthly thermostat has a 2-year warranty (5 years with Hearthly Plus) covering hardware defects. If your device stops working, first try the steps in our troubleshooting articles.</p><p>To claim, contact us with the serial number (on the back of the display and in the app under <strong>Device → About</strong>) and a description of the problem. We ship a replacement before you send the faulty unit back, so you are never without heating.</p>',
  },
  {
    key: 'exchange', section: 'returns', title: 'Exchange for a different model or colour',
    bodyHtml: '<p>Want the Pro model instead of the standard one, or a different colour ring? Within 60 days you can exchange: start a return in <strong>Account → Orders</strong> and choose <strong>Exchange</strong> as the reason. We ship the new item as soon as the return label is scanned and charge or refund the price difference.</p>',
  },
  // Features
  {
    key: 'schedules', section: 'features', title: 'Create a heating schedule',
    bodyHtml: '<p>A schedule sets the temperature automatically at different times of the day. In the app, open your thermostat and tap <strong>Schedule</strong>. Tap a day to add a change, for example 21 °C at 6:30 and 17 °C at 22:30, then copy the day to the rest of the week.</p><p>Manual changes on the dial last until the next scheduled change. With Hearthly Plus, smart schedules suggest changes based on when you are usually home.</p>',
  },
  {
    key: 'away-mode', section: 'features', title: 'Away mode and geofencing',
    bodyHtml: '<p>Away mode lowers the temperature when nobody is home to save energy. Turn on <strong>Home → Away detection</strong>: the app uses your phone\'s location (geofencing) and the thermostat\'s motion sensor to notice when everyone has left.</p><p>When the first person is on the way back, Hearthly starts heating so the house is warm on arrival. Each member must allow location access in their phone settings for geofencing to work.</p>',
  },
  {
    key: 'energy-reports', section: 'features', title: 'Understand your energy report',
    bodyHtml: '<p>The energy report shows how many hours your heating and cooling ran each day and why: the weather, your schedule changes or away mode. A leaf icon marks days you used less energy than usual.</p><p>Reports arrive by email on the first day of each month. Hearthly Plus adds a cost estimate: enter your energy price in <strong>Settings → Energy tariff</strong> to see it.</p>',
  },
  {
    key: 'temperature-units', section: 'features', title: 'Switch between Celsius and Fahrenheit',
    bodyHtml: '<p>On the thermostat, press the dial and go to <strong>Settings → Display → Units</strong>. In the app, the unit follows your phone\'s region; change it in <strong>Profile → Preferences → Temperature unit</strong>. Both can differ: the display and the app each keep their own setting.</p>',
  },
  // Integrations
  {
    key: 'alexa-google', section: 'integrations', title: 'Control Hearthly with Alexa or Google Assistant',
    bodyHtml: '<p>Hearthly works with Amazon Alexa and Google Assistant. In the Alexa app, enable the <strong>Hearthly skill</strong>; in the Google Home app, tap <strong>+ → Set up device → Works with Google</strong> and search for Hearthly. Sign in with your Hearthly account to link it.</p><p>Then say "Alexa, set the living room to 21 degrees" or "Hey Google, what is the temperature inside?". If the assistant cannot find the thermostat, unlink and link the account again.</p>',
  },
  {
    key: 'homekit', section: 'integrations', title: 'Add Hearthly to Apple Home (HomeKit) and Matter',
    bodyHtml: '<p>Hearthly supports Matter, so it works with Apple Home, SmartThings and Home Assistant. In the Apple Home app, tap <strong>+ → Add accessory</strong> and scan the Matter code in the Hearthly app under <strong>Device → Integrations → Matter</strong>.</p><p>You need a home hub (an Apple TV or HomePod) to control Hearthly in Apple Home when you are away from home.</p>',
  },
  {
    key: 'api-ifttt', section: 'integrations', title: 'Developer API and IFTTT automations',
    bodyHtml: '<p>Developers can use the Hearthly REST API to read temperatures and change setpoints. Create a personal access token under <strong>hearthly.example/account → Developers</strong>; requests are limited to 60 per minute per token.</p><p>No code needed for simple automations: connect Hearthly on IFTTT to, for example, turn the heating down when your smart lock locks or get a message when the indoor temperature drops below a threshold.</p>',
  },
  // Troubleshooting
  {
    key: 'offline', section: 'troubleshooting', title: 'The app shows my thermostat as offline',
    bodyHtml: '<p>The thermostat keeps heating on its schedule when offline; only remote control and reports stop. To reconnect:</p><ul><li>Check that your router is on and other devices have internet.</li><li>On the thermostat, open <strong>Settings → Network</strong> to see the signal strength. Below two bars, move the router closer or add a Wi-Fi extender.</li><li>Restart the thermostat: hold the dial pressed for 10 seconds.</li><li>If you changed your Wi-Fi password, connect it to the network again.</li></ul>',
  },
  {
    key: 'screen-blank', section: 'troubleshooting', title: 'The display is blank or keeps restarting',
    bodyHtml: '<p>A blank or restarting display almost always means the thermostat is not getting enough power. Check that the breaker of your heating system is on and that the display sits firmly on the base plate.</p><p>If the problem started after installation, your system probably has no C wire: install the Hearthly Power Adapter. A battery warning on the screen means the same thing.</p>',
  },
  {
    key: 'not-heating', section: 'troubleshooting', title: 'The heating does not turn on',
    bodyHtml: '<p>If Hearthly shows "Heating" but the radiators stay cold, check that your boiler or furnace has power and no error light, and that its own switch is set to heating.</p><p>In the app, open <strong>Device → Equipment</strong> and run the <strong>Equipment test</strong>: it switches heating, cooling and fan on one after another. If nothing happens, a wire is loose or in the wrong terminal; compare with the photo you took during installation.</p>',
  },
  {
    key: 'wrong-temperature', section: 'troubleshooting', title: 'The temperature reading seems wrong',
    bodyHtml: '<p>Hearthly measures the air around it. Direct sunlight, a lamp, a draft or a hot pipe inside the wall can make the reading a few degrees off.</p><p>Move heat sources away or seal the hole behind the base plate with the included foam. You can also calibrate the sensor in <strong>Settings → Sensors → Temperature offset</strong> by up to ±3 degrees.</p>',
  },
  {
    key: 'factory-reset', section: 'troubleshooting', title: 'Restart or reset the thermostat to factory settings',
    bodyHtml: '<p>A restart keeps all settings: hold the dial pressed for 10 seconds until the screen turns off.</p><p>A factory reset erases schedules, Wi-Fi and the link to your account. Use it before selling or giving away your thermostat: <strong>Settings → Reset → Factory reset</strong>, then confirm with the dial. Remove the device from your app afterwards.</p>',
  },
  {
    key: 'firmware', section: 'troubleshooting', title: 'Software updates for your thermostat',
    bodyHtml: '<p>Hearthly installs software updates automatically at night when no temperature change is scheduled. The display shows "Updating" and the thermostat restarts once; heating is not interrupted for more than two minutes.</p><p>To check your version, go to <strong>Settings → About</strong>. If an update fails several times, make sure the Wi-Fi signal is good and the device is powered by a C wire or the Power Adapter.</p>',
  },
  // Internal only: agents see it, the bot and the public help center never do.
  {
    key: 'internal-refund-exceptions', section: 'returns', visibility: 'internal', title: 'Refund exceptions after 60 days (agents only)',
    bodyHtml: '<p>Agents may approve a refund up to 90 days after delivery for customers with a documented hardware fault and Plus subscribers. Beyond that, escalate to the billing team lead. Always tag the ticket <code>refund-exception</code>.</p>',
  },
];
