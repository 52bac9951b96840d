/**
 * WhatsApp's own Twilio error codes (63xxx), in words an operator can act on; part of the carrier
 * error catalogue (carrierErrors.ts). Sources: https://www.twilio.com/docs/api/errors/<code> and
 * Twilio's table of WhatsApp error codes (https://www.twilio.com/docs/whatsapp/api/error-code-mapping).
 */
export const whatsappErrorEntries = [
  [
    63003,
    {
      title: 'Not a WhatsApp number',
      summary: 'not a WhatsApp number',
      explanation:
        'WhatsApp could not find this number: the customer may not use WhatsApp, or the number is wrong.',
      action: 'Check the number with the customer, or reach them by SMS instead.',
      retryable: false,
      permanentForContact: 'invalid-number' as const,
    },
  ],
  [
    63015,
    {
      title: 'Not joined to the WhatsApp sandbox',
      summary: 'customer has not joined the sandbox',
      explanation:
        'The Twilio WhatsApp sandbox only reaches people who sent it the "join" message in the last 3 days.',
      action:
        'Ask the customer to send the sandbox’s "join …" message again (Settings, Going live shows it), then send again.',
      retryable: false,
    },
  ],
  [
    63027,
    {
      title: 'No approved WhatsApp template for this message',
      summary: 'template not approved by WhatsApp',
      explanation:
        'WhatsApp took this template as not approved (or not existing in this language), so it could not start a conversation outside the 24-hour window.',
      action:
        'Refresh the templates list: pick one marked Approved, or finish its approval in the Twilio Console, then send again.',
      retryable: false,
    },
  ],
  [
    63018,
    {
      title: 'WhatsApp sending limit reached',
      summary: 'WhatsApp rate limit, will retry',
      explanation:
        'WhatsApp limits how many messages a business sends in a period, and this one was over it.',
      action: 'Nothing to do: it is sent again a little later.',
      retryable: true,
    },
  ],
  [
    63024,
    {
      title: 'This person cannot receive it on WhatsApp',
      summary: 'recipient cannot receive WhatsApp messages',
      explanation:
        'WhatsApp says this recipient cannot receive the message (an old app version, or an account that cannot take business messages).',
      action: 'Ask the customer to update WhatsApp, or reach them by SMS instead.',
      retryable: false,
    },
  ],
  [
    63032,
    {
      title: 'WhatsApp held this message back',
      summary: 'held back by WhatsApp',
      explanation:
        'WhatsApp chose not to deliver this message to this person (its own limits on business messages a person receives).',
      action: 'Try later, or reach the customer by SMS. Sending it again right away will not help.',
      retryable: false,
    },
  ],
  [
    63049,
    {
      title: 'WhatsApp did not deliver this marketing message',
      summary: 'marketing message not delivered by WhatsApp',
      explanation:
        'WhatsApp limits how many marketing templates one person receives, and chose not to deliver this one.',
      action: 'Wait for the customer to write, then reply inside the 24-hour window.',
      retryable: false,
    },
  ],
] as const;
