import { closeSync, writeSync } from 'node:fs';
import { openNewUserFile } from '../user-files.js';

/** A new file written one line at a time through a small buffer: memory stays bounded however many lines. */
export class LineFile {
  private readonly fd: number;
  private buffer: string[] = [];
  private size = 0;

  constructor(path: string, flag: string) {
    this.fd = openNewUserFile(path, flag);
  }

  write(line: string): void {
    this.buffer.push(line);
    this.size += line.length + 1;
    if (this.size >= 64 * 1024) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, `${this.buffer.join('\n')}\n`);
    this.buffer = [];
    this.size = 0;
  }
}
