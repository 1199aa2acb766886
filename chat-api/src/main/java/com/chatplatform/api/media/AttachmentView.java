package com.chatplatform.api.media;

import java.util.UUID;

public record AttachmentView(UUID id, String fileName, String contentType, long size) {
}
