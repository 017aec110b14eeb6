/** Email provider port. Adapters: SMTP (nodemailer) and the local capture mailbox (sandbox). */
export interface OutgoingEmail {
  workspaceId?: string | null;
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

export interface SentEmail {
  id: string;
  providerMessageId?: string;
}

export interface EmailPort {
  /** Adapter name shown in Settings → Providers: 'capture' or 'smtp'. */
  readonly provider: string;
  readonly mode: 'sandbox' | 'live';
  send(msg: OutgoingEmail): Promise<SentEmail>;
}
