// Imported first by the bench's entry points: the SDK's Node 20 notice would be printed by every client made.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
