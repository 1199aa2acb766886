package com.chatplatform.api.media;

import java.util.UUID;

/**
 * An attachment as clients see it. status: pending (announced, not uploaded or not completed),
 * processing (verified; images are being stripped of metadata and thumbnailed), ready, rejected.
 * width and height are known for images once ready.
 */
public record AttachmentView(UUID id, String fileName, String contentType, long size, String status, Integer width, Integer height) {
}
