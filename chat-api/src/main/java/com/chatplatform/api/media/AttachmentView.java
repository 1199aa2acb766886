package com.chatplatform.api.media;

import java.util.UUID;

/**
 * An attachment as clients see it. status: pending (announced, not uploaded or not completed),
 * processing (verified; being scanned for malware when a scanner is configured, images stripped of metadata and
 * thumbnailed, audio/video durations read), ready, rejected.
 * width and height are known for images once ready; durationMs for audio and video whose container header says it.
 * scanStatus: not_scanned (no scanner configured), scanning, clean, infected (quarantined, never downloadable),
 * scan_failed (the scanner could not answer; retried).
 */
public record AttachmentView(UUID id, String fileName, String contentType, long size, String status, Integer width, Integer height,
                             Long durationMs, String scanStatus) {
}
