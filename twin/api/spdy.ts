/**
 * Pod exec over SPDY/3.1, for kubectl releases before 1.30 (they speak only SPDY for exec; the
 * gcloud kubectl dispatcher picks such a release when the server reports v1.28). Just enough of
 * SPDY/3.1 for remotecommand v4: the client opens one stream per channel (error, stdin, stdout,
 * stderr, resize) named by a `streamtype` header; the server answers each, then moves the bytes.
 */
import { constants as zlibConstants, createDeflate, createInflate, type Deflate, type Inflate } from 'node:zlib';
import type { IncomingMessage } from 'node:http';
import { PassThrough, Writable, type Duplex } from 'node:stream';
import { endAndFlush, errorStatus, exitStatus, type ExecParams } from './exec.ts';
import { SPDY3_DICTIONARY } from './spdyDictionary.ts';
import { ApiError } from './status.ts';
import type { ClusterSource } from './types.ts';

export const SPDY_EXEC_PROTOCOL = 'v4.channel.k8s.io';

const SPDY_VERSION = 3;
const SYN_STREAM = 1;
const SYN_REPLY = 2;
const RST_STREAM = 3;
const PING = 6;
const GOAWAY = 7;
const FLAG_FIN = 0x01;
const MAX_DATA = 0xffffff;
/** kubelet's default: all streams must be open within this time */
const STREAM_CREATION_TIMEOUT_MS = 30_000;

export function isSpdyUpgrade(req: IncomingMessage): boolean {
  return (req.headers.upgrade ?? '').toLowerCase() === 'spdy/3.1';
}

/** Throws the 400 kube-apiserver gives when the client and server share no stream protocol. */
export function checkSpdyProtocol(req: IncomingMessage): void {
  const offered = String(req.headers['x-stream-protocol-version'] ?? '')
    .split(',')
    .map((p) => p.trim());
  if (!offered.includes(SPDY_EXEC_PROTOCOL)) {
    throw new ApiError(
      'BadRequest',
      `unable to upgrade: no common stream protocol; the twin speaks ${SPDY_EXEC_PROTOCOL} over SPDY ` +
        `(offered: ${offered.join(', ') || 'none'})`,
    );
  }
}

/** One persistent zlib stream per direction, as SPDY requires; blocks are processed one at a time. */
class HeaderCodec {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly zlib: Inflate | Deflate) {}

  transform(block: Buffer): Promise<Buffer> {
    const next = this.chain.then(
      () =>
        new Promise<Buffer>((resolve, reject) => {
          this.zlib.once('error', reject);
          this.zlib.write(block);
          this.zlib.flush(zlibConstants.Z_SYNC_FLUSH, () => {
            this.zlib.off('error', reject);
            // paused mode: everything this block produced is buffered by the time flush calls back
            resolve((this.zlib.read() as Buffer | null) ?? Buffer.alloc(0));
          });
        }),
    );
    this.chain = next.catch(() => {});
    return next;
  }
}

function parseHeaderBlock(block: Buffer): Map<string, string> {
  const headers = new Map<string, string>();
  let offset = 4;
  const count = block.readUInt32BE(0);
  for (let i = 0; i < count; i++) {
    const nameLength = block.readUInt32BE(offset);
    const name = block.subarray(offset + 4, offset + 4 + nameLength).toString('utf8');
    offset += 4 + nameLength;
    const valueLength = block.readUInt32BE(offset);
    headers.set(name.toLowerCase(), block.subarray(offset + 4, offset + 4 + valueLength).toString('utf8'));
    offset += 4 + valueLength;
  }
  return headers;
}

function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
  header.writeUInt16BE(type, 2);
  header.writeUInt8(flags, 4);
  header.writeUIntBE(payload.length, 5, 3);
  return Buffer.concat([header, payload]);
}

function dataFrames(streamId: number, data: Buffer, fin: boolean): Buffer[] {
  const frames: Buffer[] = [];
  let offset = 0;
  do {
    const piece = data.subarray(offset, offset + MAX_DATA);
    offset += piece.length;
    const header = Buffer.alloc(8);
    header.writeUInt32BE(streamId & 0x7fffffff, 0);
    header.writeUInt8(fin && offset >= data.length ? FLAG_FIN : 0, 4);
    header.writeUIntBE(piece.length, 5, 3);
    frames.push(header, piece);
  } while (offset < data.length);
  return frames;
}

type StreamType = 'error' | 'stdin' | 'stdout' | 'stderr' | 'resize';

function expectedStreams(params: ExecParams): Set<StreamType> {
  const expected = new Set<StreamType>(['error']);
  if (params.stdin) expected.add('stdin');
  if (params.stdout) expected.add('stdout');
  if (params.stderr && !params.tty) expected.add('stderr');
  if (params.tty) expected.add('resize');
  return expected;
}

/** Answers the upgrade and runs the exec session until the command ends or the client leaves. */
export function runSpdyExecSession(
  socket: Duplex,
  head: Buffer,
  source: ClusterSource,
  params: ExecParams,
): Promise<void> {
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n' +
      `X-Stream-Protocol-Version: ${SPDY_EXEC_PROTOCOL}\r\n\r\n`,
  );
  const inflater = new HeaderCodec(createInflate({ dictionary: SPDY3_DICTIONARY }));
  const deflater = new HeaderCodec(createDeflate({ dictionary: SPDY3_DICTIONARY }));
  const streamIds = new Map<StreamType, number>();
  const expected = expectedStreams(params);
  const stdin = params.stdin ? new PassThrough() : null;
  const abort = new AbortController();
  let output: Promise<unknown> = Promise.resolve(); // keeps frames in order around async header compression
  let pending: Buffer = Buffer.alloc(0);
  let closed = false;

  const send = (frames: () => Promise<Buffer[]> | Buffer[]) => {
    output = output.then(async () => {
      const bufs = await frames();
      if (!closed && !socket.destroyed) for (const b of bufs) socket.write(b);
    });
    return output;
  };

  let allOpen!: () => void;
  const streamsOpen = new Promise<void>((resolve) => (allOpen = resolve));
  const timeout = setTimeout(() => shutdown(), STREAM_CREATION_TIMEOUT_MS);

  function shutdown(): void {
    if (closed) return;
    closed = true;
    clearTimeout(timeout);
    stdin?.end();
    abort.abort();
    socket.end();
  }

  socket.on('close', shutdown);
  socket.on('error', shutdown);

  let frameChain: Promise<void> = Promise.resolve();
  const onBytes = (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 8) {
      const length = pending.readUIntBE(5, 3);
      if (pending.length < 8 + length) break;
      const frame = pending.subarray(0, 8 + length);
      pending = pending.subarray(8 + length);
      frameChain = frameChain.then(() => handleFrame(frame)).catch(() => shutdown());
    }
  };

  async function handleFrame(frame: Buffer): Promise<void> {
    const first = frame.readUInt32BE(0);
    const flags = frame.readUInt8(4);
    const payload = frame.subarray(8);
    if ((first & 0x80000000) === 0) {
      const streamId = first & 0x7fffffff;
      if (streamId === streamIds.get('stdin') && stdin && !stdin.writableEnded) {
        if (payload.length > 0) stdin.write(Buffer.from(payload));
        if (flags & FLAG_FIN) stdin.end();
      }
      return;
    }
    const type = first & 0xffff;
    if (type === SYN_STREAM) {
      const streamId = payload.readUInt32BE(0) & 0x7fffffff;
      const headers = parseHeaderBlock(await inflater.transform(payload.subarray(10)));
      const streamType = headers.get('streamtype') as StreamType | undefined;
      if (streamType) streamIds.set(streamType, streamId);
      if (streamType === 'stdin' && flags & FLAG_FIN) stdin?.end();
      const emptyHeaders = await deflater.transform(Buffer.alloc(4));
      const id = Buffer.alloc(4);
      id.writeUInt32BE(streamId);
      await send(() => [controlFrame(SYN_REPLY, 0, Buffer.concat([id, emptyHeaders]))]);
      if ([...expected].every((t) => streamIds.has(t))) allOpen();
    } else if (type === PING) {
      await send(() => [frame]);
    } else if (type === RST_STREAM) {
      if ((payload.readUInt32BE(0) & 0x7fffffff) === streamIds.get('stdin')) stdin?.end();
    } else if (type === GOAWAY) {
      shutdown();
    }
    // SETTINGS, WINDOW_UPDATE, HEADERS: nothing to do for a short-lived exec session
  }

  socket.on('data', onBytes);
  if (head.length > 0) onBytes(head);

  const channelWriter = (type: StreamType) =>
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        const streamId = streamIds.get(type);
        if (streamId !== undefined && chunk.length > 0)
          void send(() => dataFrames(streamId, Buffer.from(chunk), false));
        callback();
      },
    });
  const stdout = channelWriter('stdout');
  const stderr = channelWriter('stderr');

  return streamsOpen
    .then(() => {
      clearTimeout(timeout);
      return source.exec({ ...params, stdin, stdout, stderr, signal: abort.signal });
    })
    .then(
      async (outcome) => {
        await Promise.all([endAndFlush(stdout), endAndFlush(stderr)]);
        return exitStatus(params.command, outcome.exitCode);
      },
      (err: unknown) => errorStatus(err),
    )
    .then(async (status) => {
      const fin = (type: StreamType, data = Buffer.alloc(0)) => {
        const streamId = streamIds.get(type);
        return streamId === undefined ? [] : dataFrames(streamId, data, true);
      };
      await send(() => [...fin('stdout'), ...fin('stderr'), ...fin('error', Buffer.from(JSON.stringify(status)))]);
      const goaway = Buffer.alloc(8);
      goaway.writeUInt32BE(Math.max(0, ...streamIds.values()), 0);
      await send(() => [controlFrame(GOAWAY, 0, goaway)]);
      shutdown();
    });
}
