/**
 * Wire DTOs of the WeChat Official Account server APIs used by wxcast, shared by the HTTP client
 * (`src/wechat/client*.ts`) and the simulator (`src/wechat-simulator/`). Field names are exactly as
 * on the wire (snake_case), as WeChat's Official Account API reference names them.
 *
 * Numbers that WeChat documents as int64 (`msg_id`, `msg_data_id`) are typed `number`: real values
 * stay below 2^53, and the simulator never issues larger ones.
 *
 * The types live in `src/wechat/types/`, one file per API area; this module re-exports them all.
 */
export type * from '#src/wechat/types/envelope.ts';
export type * from '#src/wechat/types/token.ts';
export type * from '#src/wechat/types/mass.ts';
export type * from '#src/wechat/types/materials.ts';
export type * from '#src/wechat/types/comments.ts';
export type * from '#src/wechat/types/datacube.ts';
export type * from '#src/wechat/types/users.ts';
export type * from '#src/wechat/types/cards.ts';
