import type { RouteTable } from '#src/wechat-simulator/router.ts';
import { cardRoutes } from '#src/wechat-simulator/routes/card.ts';
import { commentRoutes } from '#src/wechat-simulator/routes/comment.ts';
import { datacubeRoutes } from '#src/wechat-simulator/routes/datacube.ts';
import { draftRoutes } from '#src/wechat-simulator/routes/draft.ts';
import { massManageRoutes } from '#src/wechat-simulator/routes/mass-manage.ts';
import { massRoutes } from '#src/wechat-simulator/routes/mass.ts';
import { materialRoutes } from '#src/wechat-simulator/routes/material.ts';
import { mediaRoutes } from '#src/wechat-simulator/routes/media.ts';
import { tagRoutes } from '#src/wechat-simulator/routes/tags.ts';
import { tokenRoutes } from '#src/wechat-simulator/routes/token.ts';
import { userRoutes } from '#src/wechat-simulator/routes/user.ts';

/** Every WeChat path the simulator serves, keyed by exact path. */
export function allRoutes(): RouteTable {
  return {
    ...tokenRoutes(),
    ...massRoutes(),
    ...massManageRoutes(),
    ...materialRoutes(),
    ...draftRoutes(),
    ...mediaRoutes(),
    ...userRoutes(),
    ...tagRoutes(),
    ...commentRoutes(),
    ...datacubeRoutes(),
    ...cardRoutes(),
  };
}
