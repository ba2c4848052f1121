import { uploadFile } from '../../api';
import type { Attachment } from './types';

/** POST /attachments; the upload is linked to the entry later through `attachmentIds`. */
export const uploadAttachment = (file: File) => uploadFile<Attachment>('/attachments', file);
