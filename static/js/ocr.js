/**
 * Sends a picture to POST /api/ocr with upload progress; maps refusals to codes.
 * The picture goes as the user picked it: the server honours EXIF orientation,
 * and its boxes refer to the upright picture, as the browser shows it.
 */
// The server refuses bodies over 12 MB (webapp/factory.py) and pictures over 40 megapixels
// (ocr/loading.py MAX_PIXELS): anything over either is shrunk here first.
const MAX_BYTES = 11 * 1024 * 1024;
const MAX_PIXELS = 40_000_000;
const SHRUNK_SIDE = 4000; // px: a 16-MP picture at most, plenty for the digits, a few MB as JPEG

/** Does the picture exceed what the server takes (by bytes, or by pixels however small the file)? */
export function isHuge(file, width = 0, height = 0) {
  return file.size > MAX_BYTES || width * height > MAX_PIXELS;
}

/**
 * Very large pictures are re-encoded (upright, as drawn) so they fit the server's limits.
 * `image` is the already decoded picture, if the caller has it.
 */
export async function shrinkIfHuge(file, image = null) {
  if (!file.type.startsWith('image/')) return file;
  try {
    const img = image || (await loadImage(file));
    if (!isHuge(file, img.naturalWidth, img.naturalHeight)) return file;
    const scale = Math.min(1, SHRUNK_SIDE / Math.max(img.naturalWidth, img.naturalHeight));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(img.naturalWidth * scale);
    canvas.height = Math.round(img.naturalHeight * scale);
    canvas.getContext('2d').drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.92));
    if (!image) URL.revokeObjectURL(img.src);
    return blob ? new File([blob], 'picture.jpg', { type: 'image/jpeg' }) : file;
  } catch {
    return file;
  }
}

/** An <img> for the file (decoded, EXIF orientation applied by the browser). */
export function loadImage(file) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('not_an_image'));
    img.src = URL.createObjectURL(file);
  });
}

/**
 * @returns {Promise<{ok: true, data: object} | {ok: false, code: string, status: number, retryAfter: number}>}
 */
export function sendForOcr(file, kind, onProgress = () => {}) {
  return new Promise((resolve) => {
    const form = new FormData();
    form.append('kind', kind);
    form.append('image', file, file.name || 'picture');
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/ocr');
    xhr.responseType = 'json';
    xhr.timeout = 90000;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress('upload', Math.round((100 * e.loaded) / e.total));
    };
    xhr.upload.onload = () => onProgress('reading', 100);
    xhr.onload = () => {
      const data = xhr.response;
      if (xhr.status === 200 && data && typeof data === 'object' && !data.error) {
        resolve({ ok: true, data });
        return;
      }
      const retryAfter = Number(xhr.getResponseHeader('Retry-After')) || 5;
      const code = data?.error?.code || (xhr.status === 413 ? 'too_large' : 'generic');
      resolve({ ok: false, code, status: xhr.status, retryAfter });
    };
    xhr.onerror = () => resolve({ ok: false, code: 'offline', status: 0, retryAfter: 0 });
    xhr.ontimeout = () => resolve({ ok: false, code: 'ocr_timeout', status: 0, retryAfter: 0 });
    xhr.send(form);
  });
}
