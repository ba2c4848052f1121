import * as grpc from '@grpc/grpc-js';
import {
  loadPluginProto,
  type FindOrCreateCustomerRequest,
  type FindOrCreateCustomerResponse__Output,
  type GetConfigResponse__Output,
  type HostClient as GrpcHostClient,
  type SubmitInboundMessageRequest,
  type SubmitInboundMessageResponse__Output,
  type UpdateDeliveryStatusRequest,
} from '../../proto/load';

export type HostClientOptions = {
  address: string;
  pluginToken: string;
  protoPath: string;
  /** Per-call deadline; every call has one. */
  timeoutMs?: number;
};

type Unary<Req, Res> = (req: Req, metadata: grpc.Metadata, options: grpc.CallOptions, cb: grpc.requestCallback<Res>) => grpc.ClientUnaryCall;

/** The `Host` service as promises, with the plugin token on every call and a deadline on every call. */
export class HostClient {
  private readonly client: GrpcHostClient;
  private readonly timeoutMs: number;

  constructor(private readonly opts: HostClientOptions) {
    const pkg = loadPluginProto(opts.protoPath);
    this.client = new pkg.Host(opts.address, grpc.credentials.createInsecure());
    this.timeoutMs = opts.timeoutMs ?? 5000;
  }

  submitInboundMessage(req: SubmitInboundMessageRequest): Promise<SubmitInboundMessageResponse__Output> {
    return this.call(this.client.submitInboundMessage.bind(this.client), req);
  }

  findOrCreateCustomer(req: FindOrCreateCustomerRequest): Promise<FindOrCreateCustomerResponse__Output> {
    return this.call(this.client.findOrCreateCustomer.bind(this.client), req);
  }

  async updateDeliveryStatus(req: UpdateDeliveryStatusRequest): Promise<void> {
    await this.call(this.client.updateDeliveryStatus.bind(this.client), req);
  }

  getConfig(): Promise<GetConfigResponse__Output> {
    return this.call(this.client.getConfig.bind(this.client), {});
  }

  close(): void {
    this.client.close();
  }

  private call<Req, Res>(method: Unary<Req, Res>, req: Req): Promise<Res> {
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${this.opts.pluginToken}`);
    return new Promise((resolve, reject) => {
      method(req, metadata, { deadline: Date.now() + this.timeoutMs }, (err, res) => {
        if (err) reject(err);
        else resolve(res as Res);
      });
    });
  }
}

/** gRPC status of a failed host call, for callers that branch on it (e.g. answer 503 so the provider retries). */
export const grpcCodeOf = (err: unknown): grpc.status | undefined =>
  typeof err === 'object' && err !== null && 'code' in err && typeof (err as { code: unknown }).code === 'number'
    ? ((err as { code: number }).code as grpc.status)
    : undefined;
