// The reload channel: server-sent events that carry the site's version and its build errors.
// It takes no input: whatever a client sends, it only ever hears this status.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A build problem as the browser overlay shows it. */
export interface OverlayError {
  file: string;
  line?: number;
  message: string;
  hint?: string;
}

/** What every open page is told. */
export interface SiteStatus {
  version: number;
  errors: OverlayError[];
}

export class ReloadChannel {
  private readonly clients = new Set<ServerResponse>();
  private status: SiteStatus = { version: 0, errors: [] };

  /** Holds `res` open as an event stream and sends the current status at once. */
  open(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): void {
    res.writeHead(200, { ...headers, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
    res.write('retry: 500\n\n');
    this.clients.add(res);
    const drop = () => this.clients.delete(res);
    req.on('close', drop);
    res.on('error', drop);
    this.send(res);
  }

  /** Tells every open page the new status. */
  publish(status: SiteStatus): void {
    this.status = status;
    for (const res of this.clients) this.send(res);
  }

  /** Ends every stream, so the server can close. */
  close(): void {
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  get size(): number {
    return this.clients.size;
  }

  private send(res: ServerResponse): void {
    if (!res.destroyed) res.write(`event: status\ndata: ${JSON.stringify(this.status)}\n\n`);
  }
}
